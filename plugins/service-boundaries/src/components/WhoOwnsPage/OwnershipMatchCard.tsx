import { Card, CardBody, CardHeader, Flex, Link, Text } from '@backstage/ui';
import { OwnershipMatch } from '@supply-chain/plugin-service-boundaries-common';
import { EntityLink } from '@supply-chain/portal-react';

/** One candidate answer: entity, system, team, members, contacts, how matched. */
export function OwnershipMatchCard(props: { match: OwnershipMatch }) {
  const { match } = props;
  const owner = match.owner;
  return (
    <Card>
      <CardHeader>
        <Text as="h3" variant="title-x-small">
          #{match.rank} {match.entity.title ?? match.entity.name}
        </Text>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="2">
          <Text as="p">
            {match.entity.kind}: <EntityLink entity={match.entity} />
            {match.system && (
              <>
                {' '}
                · system <EntityLink entity={match.system} />
              </>
            )}
          </Text>
          <Text as="p">
            <strong>Matched by:</strong> {match.explanation}{' '}
            <Text variant="body-small" color="secondary">
              ({match.matchedBy}, read as {match.interpretedAs})
            </Text>
          </Text>
          {owner ? (
            <section aria-label={`Team ${owner.title ?? owner.name}`}>
              <Text as="p">
                <strong>Team:</strong>{' '}
                <EntityLink
                  entity={{
                    kind: owner.kind,
                    namespace:
                      owner.ref.split(':')[1]?.split('/')[0] ?? 'default',
                    name: owner.name,
                    title: owner.title,
                  }}
                />
                {owner.missing ? ' (not in the catalog)' : ''}
              </Text>
              {(owner.email || owner.links.length > 0) && (
                <>
                  <Text as="p">
                    <strong>Contacts:</strong>
                  </Text>
                  <ul>
                    {owner.email && (
                      <li>
                        <Link href={`mailto:${owner.email}`}>
                          {owner.email}
                        </Link>
                      </li>
                    )}
                    {owner.links.map(l => (
                      <li key={l.url}>
                        <Link href={l.url}>{l.title ?? l.url}</Link>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              <Text as="p">
                <strong>Members ({owner.members.length}):</strong>
              </Text>
              {owner.members.length > 0 ? (
                <ul>
                  {owner.members.map(m => (
                    <li key={m.ref}>
                      {m.displayName ?? m.name}
                      {m.email && (
                        <>
                          {' — '}
                          <Link href={`mailto:${m.email}`}>{m.email}</Link>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              ) : (
                <Text as="p" color="secondary">
                  No members listed.
                </Text>
              )}
            </section>
          ) : (
            <Text as="p" color="warning">
              No owner declared.
            </Text>
          )}
        </Flex>
      </CardBody>
    </Card>
  );
}
