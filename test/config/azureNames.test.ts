import { describe, expect, it } from 'vitest';
import { resourceGroupNameProblem, tablePrefixProblem, workspaceNameProblem } from '../../src/config/azureNames.js';

describe('resourceGroupNameProblem', () => {
  it.each(['rg-soc', 'RG_(prod).eu', 'a', 'x'.repeat(90), 'ressourcengruppe-äöü'])('accepts "%s"', (name) => {
    expect(resourceGroupNameProblem(name)).toBeUndefined();
  });

  it.each([['..', /period/], ['rg.', /period/], ['rg/soc', /only/], ['rg soc', /only/], ['x'.repeat(91), /90/]])('refuses "%s"', (name, message) => {
    expect(resourceGroupNameProblem(name)).toMatch(message);
  });
});

describe('workspaceNameProblem', () => {
  it.each(['law-soc', 'LAW1', 'a'.repeat(63)])('accepts "%s"', (name) => {
    expect(workspaceNameProblem(name)).toBeUndefined();
  });

  it.each(['..', 'law', '-law', 'law-', 'law_soc', 'law.soc', 'a'.repeat(64)])('refuses "%s"', (name) => {
    expect(workspaceNameProblem(name)).toBeDefined();
  });
});

describe('tablePrefixProblem', () => {
  it.each(['cmdlineIpHunter', 'abc', 'A1b2'])('accepts "%s"', (prefix) => {
    expect(tablePrefixProblem(prefix)).toBeUndefined();
  });

  it.each([['tables', /reserves/], ['Tables', /reserves/], ['1bad', /starting with a letter/], ['ab', /3 to 41/], ['has-dash', /letters and digits/], ['a'.repeat(42), /3 to 41/]])(
    'refuses "%s"',
    (prefix, message) => {
      expect(tablePrefixProblem(prefix)).toMatch(message);
    },
  );
});
