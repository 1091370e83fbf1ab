/**
 * The pod's identity. Defaults pass the Pod Security Standard "restricted", which forbids
 * user 0 only: group 0 is allowed (images built for OpenShift run as group 0).
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
export interface PodSecurityProps {
  /** User id of every container; never 0. @default 10001 */
  readonly runAsUser?: number;
  /** Primary group id of every container. @default 10001 */
  readonly runAsGroup?: number;
  /** Group that owns mounted volumes. @default 10001 */
  readonly fsGroup?: number;
  /** More groups of every container. @default none */
  readonly supplementalGroups?: number[];
  /**
   * `OnRootMismatch` changes a volume's ownership only when its root is not owned by `fsGroup`
   * (fast on large volumes); `Always` on every mount.
   * @default 'OnRootMismatch'
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#configure-volume-permission-and-ownership-change-policy-for-pods
   */
  readonly fsGroupChangePolicy?: 'OnRootMismatch' | 'Always';
}
