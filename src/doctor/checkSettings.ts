import { loadConfig, type HunterConfig } from '../config/loadConfig.js';
import { ConfigError } from '../errors.js';
import type { DoctorCheck } from './doctorCheck.js';

/** The app settings, parsed as the app parses them: every bad setting named, or the configuration to check further. */
export function checkSettings(env: Readonly<Record<string, string | undefined>>): { check: DoctorCheck; config?: HunterConfig } {
  try {
    const config = loadConfig(env);
    return {
      config,
      check: {
        name: 'settings',
        status: 'ok',
        detail: `workspace ${config.query.workspaceId}, Sentinel ${config.sentinel.resourceGroup}/${config.sentinel.workspaceName}, api-version ${config.sentinel.apiVersion}`,
      },
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const list = error.problems.map((p) => `${p.setting}: ${p.message}`).join('; ');
    return { check: { name: 'settings', status: 'fail', detail: `fix these app settings (README, Settings): ${list}` } };
  }
}
