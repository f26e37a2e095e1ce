import { renderExternalSecret } from './externalSecret';
import { testServiceSpec } from './__testUtils__/testSpec';

describe('renderExternalSecret', () => {
  it('reads the database credentials from the secret store', () => {
    const es = renderExternalSecret(
      testServiceSpec({ database: true, databaseSecretKey: 'prod/returns/db' }),
    ) as any;
    expect(es.spec.target.name).toBe('returns-service-database-credentials');
    expect(es.spec.secretStoreRef).toEqual({
      name: 'aws-secrets-manager',
      kind: 'SecretStore',
    });
    expect(
      es.spec.data.map((d: any) => [
        d.secretKey,
        d.remoteRef.key,
        d.remoteRef.property,
      ]),
    ).toEqual([
      ['url', 'prod/returns/db', 'connection_string'],
      ['username', 'prod/returns/db', 'username'],
      ['password', 'prod/returns/db', 'password'],
    ]);
  });
});
