import { IConstruct } from 'constructs';

const WARNING = 'remind-me:warning';

/** Records a warning on a construct: the configuration synthesizes, but someone should know. */
export function addWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(WARNING, message);
}

/** Every warning recorded below `root`, each prefixed with the construct path. */
export function warningsOf(root: IConstruct): string[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === WARNING)
      .map((entry) => `[${construct.node.path}] ${entry.data}`),
  );
}
