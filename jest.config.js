/**
 * Tests run transpile-only: tsconfig.json sets isolatedModules, so ts-jest
 * compiles each file on its own (ts.transpileModule) without type-checking.
 * The type-check happens once, before the tests, in `npm test` (`npm run
 * typecheck`). ts-jest rather than a faster native compiler because its
 * CommonJS output keeps module exports assignable, which jest.spyOn needs.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
};
