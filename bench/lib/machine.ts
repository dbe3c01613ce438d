import { cpus, totalmem, platform, release } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
}

/** The machine the numbers belong to; `chromium` comes from the browser itself (its user agent). */
export function describeMachine(userAgent: string): Machine {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    chromium: /(?:Headless)?Chrome\/([\d.]+)/.exec(userAgent)?.[1] ?? userAgent,
  };
}
