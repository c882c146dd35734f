import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// `npm run dev` proxies the API to a backend; PROMPTFORGE_URL overrides the default.
const backend = process.env.PROMPTFORGE_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  server: {
    proxy: { '/api': backend, '/ws': { target: backend, ws: true } },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});
