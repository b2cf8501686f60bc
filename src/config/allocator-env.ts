/**
 * The C allocator settings the server is started with; glibc reads them only at process start,
 * so `npm start` and the benchmark set them, and the README asks anyone starting the server
 * otherwise to do the same. Without them glibc raises its mmap threshold each time a large block
 * is freed (up to 32 MiB), and what a hostile document's worker took then stays with the process
 * after the worker has ended (+200 MiB measured); with a fixed threshold, large blocks are mapped
 * on their own and given back when freed. Other C libraries ignore them.
 */
export const ALLOCATOR_ENV: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: '131072',
};
