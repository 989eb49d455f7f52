/** A failed question or step, in words, announced to screen readers; nothing while there is none. */
export function ErrorLine(props: { error: string | null | undefined }) {
  return props.error ? (
    <p role="alert" class="error">
      {props.error}
    </p>
  ) : null;
}
