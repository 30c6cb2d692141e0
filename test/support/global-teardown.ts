import { databasesOfRun, dropDatabase } from './databases';

export default async function globalTeardown(): Promise<void> {
  for (const name of await databasesOfRun()) await dropDatabase(name);
}
