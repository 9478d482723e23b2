import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { listenAddress, readConfigFromEnvironment } from './config/app-config.js';
import { describeTarget } from './config/database-target.js';
import { demoAccountCount, demoAccountsWarning, seedDemo, type DemoLogin } from './demo/demo-seed.js';

/**
 * `node dist/src/main.js [--demo]`: --demo loads fixtures/demo into a fresh database and listens
 * on 127.0.0.1 unless HOST says otherwise; without it, demo accounts in the database are warned of.
 */
async function main(): Promise<void> {
  const config = readConfigFromEnvironment(process.env);
  const demo = process.argv.includes('--demo');
  const address = listenAddress(process.env, demo);
  const app = await createApp(config);
  app.enableShutdownHooks();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (demo) {
    const started = Date.now();
    const logins = await seedDemo(app, fileURLToPath(new URL('../../fixtures/demo', import.meta.url)));
    if (logins) {
      log(`Demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      printLogins(logins);
    } else log('The database already holds data: demo not loaded again (delete it to start afresh).');
  } else {
    const warning = demoAccountsWarning(await demoAccountCount(app));
    if (warning) process.stderr.write(`${warning}\n`);
  }
  if (address.notice) log(address.notice);
  if (config.unsafeQueueClaims) log('WARNING: CONCORD_TEST_UNSAFE_CLAIMS=1 claims queue items without row locks; for race tests only, never in production.');
  if (address.host === undefined) await app.listen(config.port);
  else await app.listen(config.port, address.host);
  log(`Concord is running on http://${address.host ?? 'localhost'}:${config.port} (API at /api, OpenAPI at /api/docs); database ${describeTarget(config.database)}`);
}

function printLogins(logins: DemoLogin[]): void {
  const lines = ['Demo logins (password for all: ' + logins[0].password + '):'];
  for (const login of logins) lines.push(`  ${login.roles.join(', ').padEnd(12)} ${login.email.padEnd(28)} ${login.name}`);
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
