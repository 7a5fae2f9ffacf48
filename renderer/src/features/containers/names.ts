// Recognises the names the engine generates (`adjective_surname`, moby's names-generator) so Berth knows a name was not chosen.
const ADJECTIVES = new Set(
  (
    'admiring adoring affectionate agitated amazing angry awesome beautiful blissful bold boring brave busy charming clever ' +
    'compassionate competent condescending confident cool cranky crazy dazzling determined distracted dreamy eager ecstatic ' +
    'elastic elated elegant eloquent epic exciting fervent festive flamboyant focused friendly frosty funny gallant gifted ' +
    'goofy gracious great happy hardcore heuristic hopeful hungry infallible inspiring intelligent interesting jolly jovial ' +
    'keen kind laughing loving lucid magical modest musing mystifying naughty nervous nice nifty nostalgic objective ' +
    'optimistic peaceful pedantic pensive practical priceless quirky quizzical recursing relaxed reverent romantic sad ' +
    'serene sharp silly sleepy stoic strange stupefied suspicious sweet tender thirsty trusting unruffled upbeat vibrant ' +
    'vigilant vigorous wizardly wonderful xenodochial youthful zealous zen'
  ).split(' '),
);

/** True when `name` has the shape the engine gives a container that was run without `--name`. */
export function isGeneratedName(name: string): boolean {
  const m = /^([a-z]+)_([a-z]+)(\d*)$/.exec(name.replace(/^\//, ''));
  return m !== null && ADJECTIVES.has(m[1] as string);
}
