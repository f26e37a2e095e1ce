import { scaffolderModuleSupplyChain } from './module';

describe('scaffolderModuleSupplyChain', () => {
  it('is a backend feature of the scaffolder plugin', () => {
    expect(scaffolderModuleSupplyChain.$$type).toBe(
      '@backstage/BackendFeature',
    );
    expect(
      (scaffolderModuleSupplyChain as any).featureType ?? 'registrations',
    ).toBeDefined();
  });
});
