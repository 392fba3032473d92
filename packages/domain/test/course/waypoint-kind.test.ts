import { describe, expect, it } from 'vitest';
import { classifyWaypoint, isNavigationCue, parseClimbCategory, type RawWaypoint } from '../../src/index.ts';

const wp = (name: string, description: string | null = null, type: string | null = null): RawWaypoint => ({
  lat: 0,
  lon: 0,
  name,
  description,
  type,
});

describe('classifyWaypoint', () => {
  it.each([
    // [name, description, type] → kind, category
    [
      'Côte du Mont Pinçon',
      'Côte du Mont Pinçon - 5,6 km de montée à 3.7% - Catégorie 3',
      'climb',
      'climb',
      '3',
    ],
    ['Col du Galibier', 'Hors catégorie', null, 'climb', 'HC'],
    ['Col de la Croix de Fer', null, null, 'climb', null],
    ['Montée de Laffrey', 'cat. 2', null, 'climb', '2'],
    ['Mur de Huy', '1st category', null, 'climb', '1'],
    ['Summit', null, 'fourthCategory', 'climb', '4'], // FIT course-point type
    ['Galibier', null, 'horsCategory', 'climb', 'HC'],
    ['Climb 2', null, 'Summit', 'climb', null],
    ['KOM', 'HC', null, 'climb', 'HC'],
    ['Point A', '(Cat 4)', null, 'climb', '4'],
    ['Sprint intermédiaire', null, null, 'sprint', null],
    ['Bonus', null, 'sprint', 'sprint', null],
    ['Ravitaillement', null, null, 'feed_zone', null],
    ['Feed zone', null, null, 'feed_zone', null],
    ['Bottles', null, 'Water', 'feed_zone', null],
    ['Pointage Saint-Lô', null, null, 'timing', null],
    ['Collonges', 'km 4 catering', null, 'timing', null], // "Col…" and "4 cat…" inside other words
  ])('%s / %s / %s → %s %s', (name, description, type, kind, climbCategory) => {
    expect(classifyWaypoint(wp(name, description, type))).toEqual({ kind, climbCategory });
  });
});

describe('parseClimbCategory', () => {
  it.each([
    ['Catégorie 3', '3'],
    ['CATEGORIE 1', '1'],
    ['cat.2', '2'],
    ['Category 4', '4'],
    ['3e catégorie', '3'],
    ['2ème catégorie', '2'],
    ['troisième catégorie', '3'],
    ['Hors catégorie', 'HC'],
    ['hors-catégorie', 'HC'],
    ['2,2km de montée à 7.8%', null],
    ['Catégorie 5', null],
  ])('%s → %s', (text, category) => {
    expect(parseClimbCategory(text)).toBe(category);
  });
});

describe('isNavigationCue', () => {
  it('recognises turn cues in GPX, TCX and FIT spellings', () => {
    for (const type of ['Left', 'slightRight', 'U-Turn', 'sharp_left', 'Straight']) {
      expect(isNavigationCue({ type })).toBe(true);
    }
    for (const type of [null, 'climb', 'Generic', 'sprint']) {
      expect(isNavigationCue({ type })).toBe(false);
    }
  });
});
