/** Extra e2e users (created by prepare-database.ts on top of the demo company). */
export const LANGUAGE_TEST_USER = 'lingua.e2e@quadro.test';
