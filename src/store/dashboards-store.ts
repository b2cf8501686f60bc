/** PLACEHOLDER: the dashboards part of the storage interface (see store.ts), filled in by issue #16. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DashboardRepository {}
