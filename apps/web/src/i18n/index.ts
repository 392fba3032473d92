import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { admin } from './en/admin.ts';
import { common } from './en/common.ts';
import { home } from './en/home.ts';
import { live } from './en/live.ts';
import { race } from './en/race.ts';
import { results } from './en/results.ts';
import { ride } from './en/ride.ts';
import { rider } from './en/rider.ts';
import { stats } from './en/stats.ts';

/**
 * Every word on screen goes through i18next, one namespace per area (`t('live:leaderboard.gap')`).
 * English is the only language so far; a translation is one more `resources` entry with the same keys.
 */
export const resources = { en: { common, home, race, live, results, rider, stats, admin, ride } } as const;

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  lng: 'en',
  fallbackLng: 'en',
  defaultNS: 'common',
  ns: Object.keys(resources.en),
  resources,
  interpolation: { escapeValue: false }, // React escapes already
  initAsync: false,
});
