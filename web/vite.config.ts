// The web app's build: `npm run web:build` (also run by `npm ci` through `prepare`) writes
// web/dist, which the server serves at / (src/http/web-app.ts).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
// `npm run web:dev` proxies the API to a server started with
// AIRISK_ISSUER=http://localhost:5173, so the sign-in redirect comes back to the dev server.
const apiServer = 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // scripts/web-bundle-size.ts reads the manifest to sum the first load.
    manifest: true,
    reportCompressedSize: true,
    // The strict CSP allows no inline script; every browser the app supports preloads modules.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
  },
  server: {
    port: 5173,
    proxy: {
      '/api': apiServer,
      '/docs': apiServer,
      '/openapi.json': apiServer,
    },
  },
});
