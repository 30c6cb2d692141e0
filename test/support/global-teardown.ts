import { dropDatabase, withAdmin } from './databases';

export default async function globalTeardown(): Promise<void> {
  const left = await withAdmin((c) => c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'rapport_test_f%'`));
  for (const { datname } of left.rows) await dropDatabase(datname);
}
