/** The dashboard's colour themes: light (the default) and dark, for control rooms and night shifts. */
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'louyu.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The theme the user chose in the header, or null to follow the system (`prefers-color-scheme`). */
function storedChoice(): Theme | null {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return value === 'dark' || value === 'light' ? value : null;
  } catch {
    // Private browsing can refuse storage: follow the system.
    return null;
  }
}

function systemTheme(): Theme {
  return globalThis.matchMedia?.(DARK_QUERY).matches ? 'dark' : 'light';
}

/**
 * The theme in use: the user's choice, remembered in localStorage like the language, else the system's.
 * It is written to `<html data-theme>`, which app.css keys its colour variables on; charts re-create
 * themselves with ECharts' dark theme when it changes.
 */
class ThemeState {
  choice = $state<Theme | null>(storedChoice());
  system = $state<Theme>(systemTheme());
  readonly current: Theme = $derived(this.choice ?? this.system);

  constructor() {
    // The system can switch while the page is open (an evening switch of the OS appearance).
    globalThis.matchMedia?.(DARK_QUERY).addEventListener('change', (event) => {
      this.system = event.matches ? 'dark' : 'light';
      this.apply();
    });
    this.apply();
  }

  set(theme: Theme): void {
    this.choice = theme;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, theme);
    } catch {
      // Not remembered, still switched.
    }
    this.apply();
  }

  toggle(): void {
    this.set(this.current === 'dark' ? 'light' : 'dark');
  }

  private apply(): void {
    if (typeof document !== 'undefined') document.documentElement.dataset.theme = this.choice ?? this.system;
  }
}

/** The one theme state of the app (importing it sets `<html data-theme>`). */
export const theme = new ThemeState();
