import { loadConfig } from '../../src/config/loadConfig.js';

/**
 * Setting names loadConfig reads, recorded by the settings object it is given while it loads `settings` — however it
 * reads them (the typed readers, list readers, helpers in other files). A load that throws (missing or bad settings)
 * still records what it read first.
 */
export function settingsReadBy(settings: Readonly<Record<string, string>>): Set<string> {
  const read = new Set<string>();
  const recorder = new Proxy(settings, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  try {
    loadConfig(recorder);
  } catch {
    // The names are what this is for; whether the settings load is each caller's own check.
  }
  return read;
}
