import { useId, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { accountOptionsQuery } from '../../../lib/account-options.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import {
  LOGO_MAX_BYTES,
  LOGO_TYPES,
  useRemoveLogo,
  useUploadLogo,
  type CompanySettings,
} from '../api.ts';
import { Section } from './Section.tsx';

/** A data: URL of the file (the page's CSP allows data: images, not blob: ones). */
function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** What is wrong with the file as a logo, before it is sent (the server checks its bytes too). */
function fileProblem(file: File): string | undefined {
  if (!(LOGO_TYPES as readonly string[]).includes(file.type)) {
    return 'Pick a PNG, JPEG or WebP image (SVG is not accepted).';
  }
  if (file.size > LOGO_MAX_BYTES) {
    return `The image is ${Math.ceil(file.size / 1024)} kB: pick one of at most ${LOGO_MAX_BYTES / 1024} kB.`;
  }
  return undefined;
}

export function LogoSection({ settings }: { settings: CompanySettings }) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const { data: options } = useQuery(accountOptionsQuery);
  const upload = useUploadLogo();
  const remove = useRemoveLogo();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const problem = file && fileProblem(file);
  const current = settings.hasLogo ? options?.company.logoUrl : null;

  const choose = (chosen: File | undefined) => {
    upload.reset();
    remove.reset();
    setFile(chosen);
    setPreview(undefined);
    if (chosen && !fileProblem(chosen)) {
      readAsDataUrl(chosen).then(setPreview, () => setPreview(undefined));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file && !problem) {
      upload.mutate(file, {
        onSuccess: () => {
          setFile(undefined);
          setPreview(undefined);
          if (input.current) {
            input.current.value = '';
          }
        },
      });
    }
  };

  return (
    <Section title="Logo" intro="Shown beside the name in the header and on the sign-in page.">
      {upload.isSuccess && <Notice kind="success">The new logo is saved.</Notice>}
      {remove.isSuccess && <Notice kind="success">The logo is removed.</Notice>}
      <ErrorNotice
        error={upload.error}
        byStatus={{
          413: `The image is too large: pick one of at most ${LOGO_MAX_BYTES / 1024} kB.`,
          415: 'The file is not a PNG, JPEG or WebP image. Pick another one.',
        }}
      />
      <div className="logo-row">
        <figure className="logo-figure">
          {current ? (
            <img src={current} alt={`Current logo of ${settings.name}`} className="logo-image" />
          ) : (
            <div className="logo-empty">No logo</div>
          )}
          <figcaption className="muted">Now</figcaption>
        </figure>
        {preview && (
          <figure className="logo-figure">
            <img src={preview} alt="The chosen image" className="logo-image" />
            <figcaption className="muted">Chosen, not saved yet</figcaption>
          </figure>
        )}
      </div>
      <form onSubmit={submit} className="stack">
        <div className="field">
          <label htmlFor={inputId}>Logo image</label>
          <input
            ref={input}
            id={inputId}
            type="file"
            accept={LOGO_TYPES.join(',')}
            aria-describedby={`${inputId}-hint${problem ? ` ${inputId}-error` : ''}`}
            aria-invalid={problem ? true : undefined}
            onChange={(event) => choose(event.target.files?.[0])}
          />
          <div className="field-hint" id={`${inputId}-hint`}>
            PNG, JPEG or WebP, at most {LOGO_MAX_BYTES / 1024} kB; a square or wide image about 64
            pixels high looks best.
          </div>
          {problem && (
            <div className="field-error" id={`${inputId}-error`}>
              {problem}
            </div>
          )}
        </div>
        <SubmitActions
          label="Upload logo"
          pendingLabel="Uploading…"
          pending={upload.isPending}
          disabled={!file || Boolean(problem)}
        >
          {settings.hasLogo && (
            <button type="button" className="button-quiet" onClick={() => setConfirming(true)}>
              Remove logo
            </button>
          )}
        </SubmitActions>
      </form>
      {confirming && (
        <ConfirmDialog
          title="Remove the logo?"
          confirmLabel="Remove logo"
          workingLabel="Removing…"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await remove.mutateAsync();
            setConfirming(false);
          }}
        >
          The header and the sign-in page then show the name alone. You can upload a logo again at
          any time.
        </ConfirmDialog>
      )}
    </Section>
  );
}
