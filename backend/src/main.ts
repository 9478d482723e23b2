import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.js';
import { readConfigFromEnvironment } from './config/app-config.js';

async function main(): Promise<void> {
  const config = readConfigFromEnvironment(process.env);
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port);
  new Logger('Concord').log(`API on http://localhost:${config.port}/api (OpenAPI at /api/docs), database ${config.databasePath}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
