// One Jest config for unit tests (beside the code, *.spec.ts) and end-to-end tests (test/**/*.e2e-spec.ts).
// @swc/jest keeps decorator metadata (Nest DI needs it) and is ~10x faster than ts-jest.
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias}$`] = `<rootDir>/${target}`;
}

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};

const common = { moduleFileExtensions: ['ts', 'js', 'json'], transform, moduleNameMapper, testEnvironment: 'node' };

module.exports = {
  // Global only (Jest ignores it per project); unit tests are fast anyway, end-to-end ones wait on real services.
  testTimeout: 120000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      // test/support: the helpers the end-to-end tests share have unit tests of their own.
      roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/tools', '<rootDir>/test/support'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
