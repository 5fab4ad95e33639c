import { zh, type MessageKey } from './zh.ts';
import { en } from './en.ts';
import { formatMessage } from './message.ts';

/** The languages the dashboard speaks; Chinese first. */
export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'louyu.locale';
const dictionaries: { readonly [L in Locale]: { readonly [K in MessageKey]: string } } = { zh, en };

function storedLocale(): Locale {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'zh';
  } catch {
    // Private browsing can refuse storage; Chinese is the default anyway.
    return 'zh';
  }
}

/** The chosen language, remembered in localStorage, and the translation function bound to it. */
class LocaleState {
  current = $state<Locale>(storedLocale());

  /** BCP 47 tag for Intl formatters. */
  readonly tag = $derived(this.current === 'zh' ? 'zh-CN' : 'en-GB');

  set(locale: Locale): void {
    this.current = locale;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // Not remembered, still switched.
    }
    document.documentElement.lang = this.tag;
  }

  toggle(): void {
    this.set(this.current === 'zh' ? 'en' : 'zh');
  }

  /**
   * The text for `key` in the current language, with `{name}` placeholders and ICU plural blocks
   * (`{n, plural, one {# lift} other {# lifts}}`) filled from `params`; numbers in the language's style.
   */
  t = (key: MessageKey, params?: Record<string, string | number>): string =>
    formatMessage(dictionaries[this.current][key], params, this.tag);

  /** Picks the right half of a `{ zh, en }` name from the registry. */
  name = (value: { zh: string; en: string }): string => value[this.current];
}

/** The one locale state of the app. */
export const locale = new LocaleState();
/** Shorthand for `locale.t`, reactive in templates because it reads `locale.current`. */
export const t = locale.t;
