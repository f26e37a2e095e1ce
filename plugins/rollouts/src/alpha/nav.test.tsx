import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import rolloutsPlugin from './index';

describe('rollouts pages in the app sidebar', () => {
  it('shows "Rollouts" and "ML models" as sidebar links to their pages', async () => {
    renderTestApp({
      features: [rolloutsPlugin],
      // The entity tab and card attach to the catalog's entity page, which this app lacks.
      isExpectedError: error => error.code === 'EXTENSION_ATTACHMENT_MISSING',
    });

    expect(
      await screen.findByRole('link', { name: 'Rollouts' }),
    ).toHaveAttribute('href', '/rollouts');
    expect(screen.getByRole('link', { name: 'ML models' })).toHaveAttribute(
      'href',
      '/ml-models',
    );
    // Each entry carries its own icon, so the collapsed sidebar is not a row of blanks.
    for (const name of ['Rollouts', 'ML models']) {
      expect(
        screen.getByRole('link', { name }).querySelector('svg'),
      ).not.toBeNull();
    }
  });
});
