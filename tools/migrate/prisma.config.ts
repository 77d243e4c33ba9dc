// Prisma 6 CLI configuration for offline migrations (see ../../CONTRIBUTING.md).
// `engine: "js"` plus a driver adapter makes Prisma 6 use its bundled wasm schema engine, so no
// binary is downloaded. The adapter comes from @prisma/adapter-pg 7.x, the same as the app's.
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: './schema.v6.prisma',
  migrations: { path: '../../prisma/migrations' },
  async adapter() {
    const connectionString = process.env.ADMIN_DATABASE_URL;
    if (!connectionString) throw new Error('ADMIN_DATABASE_URL is not set');
    return new PrismaPg({ connectionString });
  },
});
