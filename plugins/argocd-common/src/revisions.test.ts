import {
  detectRevisionKind,
  revisionsOf,
  shortRevision,
  sourcesOf,
} from './revisions';

const SHA = '4f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39';
const git = { repoURL: 'https://git.example.com/gitops.git', path: 'apps/a' };
const helm = { repoURL: 'https://charts.example.com', chart: 'redis' };

describe('detectRevisionKind', () => {
  it.each([
    [SHA, undefined, 'git'],
    [SHA, git, 'git'],
    [`${SHA}${'a'.repeat(24)}`, undefined, 'git'],
    ['18.1.2', helm, 'helm'],
    ['18.1.2', undefined, 'helm'],
    ['v2.0.0-rc.1', undefined, 'helm'],
    ['18.1.2', git, 'symbolic'],
    ['sha256:abcdef', undefined, 'oci'],
    ['HEAD', git, 'symbolic'],
    ['main', undefined, 'symbolic'],
    ['4F1C2A9', undefined, 'symbolic'],
  ])('%s with source %j is %s', (revision, source, kind) => {
    expect(detectRevisionKind(revision, source)).toBe(kind);
  });
});

describe('revisionsOf', () => {
  it('single source: the revision with the entry source', () => {
    expect(revisionsOf({ revision: SHA, source: git })).toEqual([
      { sourceIndex: 0, revision: SHA, kind: 'git', source: git },
    ]);
  });

  it('single source without a recorded source uses the app spec', () => {
    expect(revisionsOf({ revision: '18.1.2' }, [helm])).toEqual([
      { sourceIndex: 0, revision: '18.1.2', kind: 'helm', source: helm },
    ]);
  });

  it('multi-source: one revision per source, Helm and git told apart', () => {
    const values = { repoURL: git.repoURL, ref: 'values' };
    expect(
      revisionsOf({
        revisions: ['18.1.2', SHA, ''],
        sources: [helm, git, values],
      }),
    ).toEqual([
      { sourceIndex: 0, revision: '18.1.2', kind: 'helm', source: helm },
      { sourceIndex: 1, revision: SHA, kind: 'git', source: git },
    ]);
  });

  it('no revision at all: nothing', () => {
    expect(revisionsOf({})).toEqual([]);
  });
});

describe('sourcesOf / shortRevision', () => {
  it.each([
    [{ source: git }, [git]],
    [{ sources: [helm, git] }, [helm, git]],
    [{ source: git, sources: [] }, [git]],
    [{}, []],
  ])('sourcesOf(%j)', (spec, expected) => {
    expect(sourcesOf(spec)).toEqual(expected);
  });

  it.each([
    [SHA, '4f1c2a9'],
    ['18.1.2', '18.1.2'],
    ['HEAD', 'HEAD'],
  ])('shortRevision(%s) = %s', (revision, expected) => {
    expect(shortRevision(revision)).toBe(expected);
  });
});
