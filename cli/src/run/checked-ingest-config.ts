import path from 'node:path';
import { IngestConfigError, resolveIngestConfig, type IngestConfig } from '@louyu/ingest';
import { ConfigError } from '../options.ts';

/**
 * Ingest's settings for `louyu start` and `louyu node`, checked: a bad `--spool-max-bytes` stops start-up
 * with the option named, as every other bad option does.
 */
export function checkedIngestConfig(dataDir: string, spoolMaxBytes: number): IngestConfig {
  try {
    return resolveIngestConfig({ spoolDir: path.join(dataDir, 'spool'), spoolMaxBytes });
  } catch (error) {
    if (error instanceof IngestConfigError)
      throw new ConfigError(error.option, error.message.slice(error.option.length + 2));
    throw error;
  }
}
