/**
 * The three connection URLs of one MedRank database on a server reached through an owner URL:
 * the owner (migrations, seeding), the web role (public schema only) and the worker role.
 * Role passwords equal their names: fine for local and test servers; deployments pass their own
 * URLs (see docker-compose.yml).
 */
export function roleDatabaseUrls(ownerUrl: URL | string, database: string) {
  const admin = new URL(ownerUrl.toString());
  admin.pathname = `/${database}`;
  const role = (name: string) => {
    const url = new URL(admin);
    url.username = name;
    url.password = name;
    return url.toString();
  };
  return {
    ADMIN_DATABASE_URL: admin.toString(),
    DATABASE_URL: role('medrank_web'),
    WORKER_DATABASE_URL: role('medrank_worker'),
  };
}
