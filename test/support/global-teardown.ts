import { writeOpenApiCoverage } from './openapi-coverage';
import { databasesOfRun, dropDatabase, runId } from './databases';

export default async function globalTeardown(): Promise<void> {
  for (const name of await databasesOfRun()) await dropDatabase(name);
  writeOpenApiCoverage(runId());
}
