/** A wall clock that ticks once a second, so "3 min ago" labels and greying age without any data arriving. */
class Clock {
  now = $state(Date.now());

  constructor() {
    setInterval(() => {
      this.now = Date.now();
    }, 1000);
  }
}

/** The one clock of the app. */
export const clock = new Clock();
