// What kind of checkpoint a file's waypoint probably is. Course files mark climbs, sprints and feed zones
// inconsistently: a GPX <type>climb</type>, a FIT course-point type such as "thirdCategory", or only words in
// the name or description, in the language of the race ("Côte de …", "Catégorie 3", "Ravitaillement").
// These are suggestions the organiser confirms, so a plain rule list beats anything cleverer.
import type { CheckpointKind, ClimbCategory, RawWaypoint } from './types.ts';

export interface WaypointClassification {
  kind: CheckpointKind;
  climbCategory: ClimbCategory | null;
}

/** Lower-case, accents stripped, so "Côte", "COTE" and "côte" all read "cote". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Type tags written by GPX tools and FIT course points (FIT names are camelCase, folded to lower case). */
const TYPE_TAGS: Record<string, WaypointClassification> = {
  climb: { kind: 'climb', climbCategory: null },
  summit: { kind: 'climb', climbCategory: null },
  kom: { kind: 'climb', climbCategory: null },
  horscategory: { kind: 'climb', climbCategory: 'HC' },
  firstcategory: { kind: 'climb', climbCategory: '1' },
  secondcategory: { kind: 'climb', climbCategory: '2' },
  thirdcategory: { kind: 'climb', climbCategory: '3' },
  fourthcategory: { kind: 'climb', climbCategory: '4' },
  sprint: { kind: 'sprint', climbCategory: null },
  food: { kind: 'feed_zone', climbCategory: null },
  water: { kind: 'feed_zone', climbCategory: null },
  aidstation: { kind: 'feed_zone', climbCategory: null },
  feed: { kind: 'feed_zone', climbCategory: null },
  feedzone: { kind: 'feed_zone', climbCategory: null },
};

// Word lists, matched on folded text. French first (the format's home), then English, Italian, Spanish.
const FEED_WORDS = /\b(ravitaillement|ravito|feed|food|aid station|rifornimento|avituallamiento)\b/;
const SPRINT_WORDS = /\b(sprint|bonification|bonif|traguardo volante|meta volante)\b/;
const CLIMB_WORDS = /\b(cote|col|montee|climb|kom|gpm|summit|sommet|mur|salita|puerto|alto)\b/;

const HORS_CATEGORIE = /\bhors[\s-]*cat(?:\b|\.|egor)|\bhc\b/;
const NUMBER_WORDS: Record<string, ClimbCategory> = {
  first: '1',
  second: '2',
  third: '3',
  fourth: '4',
  premiere: '1',
  deuxieme: '2',
  troisieme: '3',
  quatrieme: '4',
};
// "Catégorie 3", "cat. 2", "Category 1", "categoria 4", "(cat 3)"
const CATEGORY_THEN_NUMBER = /\bcat(?:egor(?:ie|y|ia))?\.?\s*([1-4])\b/;
// "3e catégorie", "1st category", "2a categoria", "4ème cat."
const NUMBER_THEN_CATEGORY = /\b([1-4])\s*(?:st|nd|rd|th|e|eme|ere|re|a|ª|°)?\.?\s*cat(?:\b|\.|egor)/;
// "third category", "troisième catégorie", FIT's "thirdCategory"
const WORD_THEN_CATEGORY =
  /\b(first|second|third|fourth|premiere|deuxieme|troisieme|quatrieme)\s*-?\s*cat(?:\b|\.|egor)/;

/**
 * Turn-by-turn cues that route planners and FIT/TCX courses store as course points ("Left", FIT
 * "slightRight", "uTurn" …), plus hazard notes and segment markers. They are navigation, not places to time
 * riders.
 */
const NAVIGATION_TYPES = new Set([
  'left',
  'right',
  'straight',
  'slightleft',
  'slightright',
  'sharpleft',
  'sharpright',
  'uturn',
  'leftfork',
  'rightfork',
  'middlefork',
  'keepleft',
  'keepright',
  'turnleft',
  'turnright',
  'roundabout',
  'danger',
  'navaid',
  'segmentstart',
  'segmentend',
  'generaldistance',
]);

/** True for waypoints that are navigation cues rather than candidate checkpoints. */
export function isNavigationCue(waypoint: Pick<RawWaypoint, 'type'>): boolean {
  return waypoint.type !== null && NAVIGATION_TYPES.has(fold(waypoint.type).replace(/[^a-z]/g, ''));
}

/** The climb category written in the text, if any. */
export function parseClimbCategory(text: string): ClimbCategory | null {
  const t = fold(text);
  if (HORS_CATEGORIE.test(t)) return 'HC';
  const numeric = CATEGORY_THEN_NUMBER.exec(t) ?? NUMBER_THEN_CATEGORY.exec(t);
  if (numeric) return numeric[1] as ClimbCategory;
  const word = WORD_THEN_CATEGORY.exec(t);
  return word ? (NUMBER_WORDS[word[1]!] ?? null) : null;
}

/**
 * Kind and climb category of a waypoint. An explicit type tag wins; then a climb category anywhere in the
 * text (only climbs have one); then feed, sprint and climb words; anything else is a plain timing point.
 */
export function classifyWaypoint(
  waypoint: Pick<RawWaypoint, 'name' | 'description' | 'type'>,
): WaypointClassification {
  const text = [waypoint.name, waypoint.description ?? '', waypoint.type ?? ''].join(' \n ');
  const category = parseClimbCategory(text);

  const tag = waypoint.type === null ? undefined : TYPE_TAGS[fold(waypoint.type).replace(/[^a-z]/g, '')];
  if (tag) {
    if (tag.kind !== 'climb') return tag;
    return { kind: 'climb', climbCategory: tag.climbCategory ?? category };
  }
  if (category) return { kind: 'climb', climbCategory: category };

  const folded = fold(text);
  if (FEED_WORDS.test(folded)) return { kind: 'feed_zone', climbCategory: null };
  if (SPRINT_WORDS.test(folded)) return { kind: 'sprint', climbCategory: null };
  if (CLIMB_WORDS.test(folded)) return { kind: 'climb', climbCategory: null };
  return { kind: 'timing', climbCategory: null };
}
