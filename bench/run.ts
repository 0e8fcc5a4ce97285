/**
 * `npm run bench -- <name> [options]`: runs one benchmark. Each prints its figures as ratios
 * against a baseline measured in the same run, then one JSON line for machines.
 */
const benches: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  okta: () => import('./okta.js'),
  pingone: () => import('./pingone.js'),
  pagerduty: () => import('./pagerduty.js'),
  panther: () => import('./panther.js'),
  ingest: () => import('./ingest.js'),
  reviews: () => import('./reviews.js'),
  ui: () => import('./ui.js'),
  provisioning: () => import('./provisioning.js'),
  requests: () => import('./requests.js'),
  scim: () => import('./scim.js'),
};

const [name, ...args] = process.argv.slice(2);
if (!name || !benches[name]) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [options]`);
  process.exit(2);
}
await (await benches[name]()).run(args);
