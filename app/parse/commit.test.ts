import { describe, expect, it } from 'vitest';
import { parseChangeLine, parseChanges, parseCommitTarget } from './commit.js';
import { errorOf } from './testkit.js';

describe('parseCommitTarget', () => {
  it.each([
    ['app', { repo: 'app' }],
    ['app:1.0', { repo: 'app', tag: '1.0' }],
    ['  team/app:snap ', { repo: 'team/app', tag: 'snap' }],
    ['localhost:5000/team/app:v2', { repo: 'localhost:5000/team/app', tag: 'v2' }],
    ['localhost:5000/app', { repo: 'localhost:5000/app' }],
  ])('%s', (s, want) => expect(parseCommitTarget(s)).toEqual(want));

  it.each([
    ['', /Name the image/],
    ['My-App:1', /must be lowercase/],
    ['app:', /Tag in "app:" is empty/],
    ['app:-x', /may only contain/],
    ['app name', /whitespace/],
    [`app@sha256:${'a'.repeat(64)}`, /has a digest/],
    ['a'.repeat(64), /image ID/],
  ])('refuses %j with a reason on the ref field', (s, re) => {
    const e = errorOf(() => parseCommitTarget(s));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.field).toBe('ref');
    expect(e.message).toMatch(re);
  });
});

describe('parseChangeLine', () => {
  it.each([
    ['CMD ["app", "--serve"]', 'CMD ["app", "--serve"]'],
    ['cmd sleep 60', 'CMD sleep 60'],
    ['ENV MODE=production', 'ENV MODE=production'],
    ['env MODE production', 'ENV MODE production'],
    ['EXPOSE 80 53/udp 8000-8010/tcp', 'EXPOSE 80 53/udp 8000-8010/tcp'],
    ['LABEL team=web', 'LABEL team=web'],
    ['WORKDIR /srv', 'WORKDIR /srv'],
    ['USER 1000:1000', 'USER 1000:1000'],
    ['STOPSIGNAL SIGINT', 'STOPSIGNAL SIGINT'],
    ['ENTRYPOINT ["/bin/app"]', 'ENTRYPOINT ["/bin/app"]'],
    ['VOLUME /data', 'VOLUME /data'],
    ['ONBUILD RUN make', 'ONBUILD RUN make'],
  ])('%s', (s, want) => expect(parseChangeLine(s)).toBe(want));

  it.each([
    ['FROM busybox', /"FROM" cannot be changed by a commit; use one of CMD/],
    ['RUN apt-get update', /"RUN" cannot be changed/],
    ['CMD', /CMD needs a value/],
    ['ENV', /ENV needs a value/],
    ['CMD ["app", 3]', /must be a list of strings/],
    ['CMD ["app"', /not valid JSON/],
    ['ENV =x', /ENV needs NAME=value/],
    ['ENV MODE', /ENV needs NAME=value/],
    ['LABEL team', /LABEL needs NAME=value/],
    ['EXPOSE 70000', /"70000" is not a port/],
    ['EXPOSE http', /"http" is not a port/],
    ['EXPOSE 90-80', /"90-80" is not a port/],
    ['STOPSIGNAL sig term', /is not a signal/],
    ['ONBUILD ONBUILD RUN x', /ONBUILD cannot trigger ONBUILD/],
    ['CMD echo \\', /one instruction per line/],
  ])('refuses %j with a reason that names the line', (s, re) => {
    const e = errorOf(() => parseChangeLine(s, 3));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.field).toBe('changes');
    expect(e.message).toMatch(/^Change line 3: /);
    expect(e.message).toMatch(re);
  });
});

describe('parseChanges', () => {
  it('one instruction a line, skipping blanks and comments; line numbers count them', () => {
    expect(parseChanges('CMD ["sh"]\n\n# a note\nENV A=1\r\n')).toEqual(['CMD ["sh"]', 'ENV A=1']);
    expect(errorOf(() => parseChanges('ENV A=1\n\nBOGUS x')).message).toMatch(/^Change line 3: "BOGUS"/);
  });
  it('caps the number of lines', () => {
    expect(errorOf(() => parseChanges(Array.from({ length: 65 }, (_, i) => `ENV A${i}=1`).join('\n'))).message).toMatch(/At most 64/);
  });
});
