import { ServiceSpec } from '../serviceSpec';
import { KubernetesObject } from '../yamlDocuments';
import { derivedNames, objectMeta } from './objectMeta';

/** The database Secret (url, username, password), read from the secret store. */
export function renderExternalSecret(spec: ServiceSpec): KubernetesObject {
  const secretName = derivedNames(spec.name).databaseSecret;
  const key = spec.databaseSecretKey ?? `production/${spec.name}/database`;
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: objectMeta(spec, secretName),
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { name: spec.secretStore, kind: 'SecretStore' },
      target: { name: secretName, creationPolicy: 'Owner' },
      data: [
        { secretKey: 'url', remoteRef: { key, property: 'connection_string' } },
        { secretKey: 'username', remoteRef: { key, property: 'username' } },
        { secretKey: 'password', remoteRef: { key, property: 'password' } },
      ],
    },
  };
}
