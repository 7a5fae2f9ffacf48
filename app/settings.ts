// App settings: the schema, defaults and patch shape of what Berth remembers between launches (settings.json).
import { z } from 'zod';
import { AddedEngine } from './engines.js';

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/** A DOCKER_HOST-style URL (unix://, npipe://, tcp://, ssh://), or '' for the platform default (the Berth VM or the local socket). */
export const EndpointSetting = z
  .string()
  .max(1024)
  .refine((s) => s === '' || /^(unix|npipe|tcp|ssh):\/\/\S+$/.test(s), { message: 'Use a URL like unix:///var/run/docker.sock, tcp://127.0.0.1:2375 or ssh://user@host, or leave it empty for the default.' });

/** Proxy for the VM's engine (image pulls); URLs may carry credentials, which diagnostics redact. */
export const ProxySetting = z.object({
  http: z.string().max(2048).optional(),
  https: z.string().max(2048).optional(),
  noProxy: z.string().max(4096).optional(),
});

/** The engines the person added (ssh://, unix://, npipe://, tcp:// with TLS files), each name once. */
export const AddedEngines = z
  .array(AddedEngine)
  .max(100)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((e, i) => {
      if (seen.has(e.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `Another engine is already named "${e.name}".` });
      seen.add(e.name);
    });
  });

/** Each field on its own, so one bad stored value falls back alone and a patch is checked field by field. */
export const settingsFields = {
  /** Boot the VM (or connect the endpoint) when Berth opens. */
  startVmAtLaunch: z.boolean(),
  /** Shut the VM down cleanly when Berth quits (off: it keeps running for the CLI). */
  stopVmOnQuit: z.boolean(),
  /** Closing the window keeps Berth in the tray instead of quitting. */
  closeToTray: z.boolean(),
  theme: Theme,
  endpoint: EndpointSetting,
  /** Native notifications: a container exited non-zero, a pull/build ended, a port could not be forwarded. */
  notifications: z.boolean(),
  proxy: ProxySetting,
  engines: AddedEngines,
  /** The engine the window shows (an engines.list id), chosen in the top bar; '' for the one Berth started on. */
  currentEngine: z.string().max(200),
} as const;

export const Settings = z.object(settingsFields);
export type Settings = z.infer<typeof Settings>;

/** What a settings.set request carries: any subset of the fields, each validated. */
export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const DEFAULT_SETTINGS: Settings = {
  startVmAtLaunch: true,
  stopVmOnQuit: true,
  closeToTray: true,
  theme: 'system',
  endpoint: '',
  notifications: true,
  proxy: {},
  engines: [],
  currentEngine: '',
};

export type SettingsKey = keyof Settings;
export const SETTINGS_KEYS = Object.keys(settingsFields) as SettingsKey[];
