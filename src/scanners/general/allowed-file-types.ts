import { Type, type Static } from 'typebox';
import { UPLOAD_MEDIA_TYPES } from '../../vocabulary/media-types.ts';
import type { Detection, Finding, Scanner } from '../scanner.ts';

const MEDIA_TYPE = '^[A-Za-z0-9!#$&^_.+-]+/(?:\\*|[A-Za-z0-9!#$&^_.+-]+)$';
const MAX_BYTES = 1024 ** 3;

const Settings = Type.Object({
  mediaTypes: Type.Array(Type.String({ pattern: MEDIA_TYPE, maxLength: 255 }), {
    default: [...UPLOAD_MEDIA_TYPES],
    maxItems: 100,
    description:
      'The media types this agent accepts for uploads, such as application/pdf; text/* accepts ' +
      'every text type. The server reads only the default ones, so a narrower list is what helps.',
  }),
  maxBytes: Type.Integer({
    default: 0,
    minimum: 0,
    maximum: MAX_BYTES,
    description: 'The largest upload this agent accepts, in bytes; 0 leaves only the server limit.',
  }),
});
type Settings = Static<typeof Settings>;

const PASS: Detection = { score: 0, findings: [] };

/** `text/plain; charset=utf-8` and `Text/Plain` are both text/plain. */
function essence(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim().toLowerCase();
}

function allows(accepted: ReadonlySet<string>, mediaType: string): boolean {
  return accepted.has(mediaType) || accepted.has(`${mediaType.split('/')[0]}/*`);
}

export const allowedFileTypesScanner: Scanner<Settings> = {
  name: 'allowedFileTypes',
  kind: 'general',
  description: 'Refuses uploads whose type or size this agent does not accept.',
  settingsSchema: Settings,
  defaults: {
    enabled: true,
    action: 'block',
    threshold: 0.5,
    onError: 'block',
    directions: ['file'],
    timeoutMs: 1000,
    settings: { mediaTypes: [...UPLOAD_MEDIA_TYPES], maxBytes: 0 },
  },
  actions: ['block'],
  prepare(settings) {
    const accepted = new Set(settings.mediaTypes.map(essence));
    return (_text, context) => {
      const file = context.file;
      if (!file) {
        return PASS;
      }
      const findings: Finding[] = [];
      const mediaType = essence(file.mediaType);
      if (!allows(accepted, mediaType)) {
        findings.push({
          type: 'fileType',
          start: 0,
          end: 0,
          label: `File type not allowed: ${mediaType}`,
        });
      }
      if (settings.maxBytes > 0 && file.sizeBytes > settings.maxBytes) {
        findings.push({
          type: 'fileSize',
          start: 0,
          end: 0,
          label: `File larger than ${settings.maxBytes} bytes`,
        });
      }
      return { score: findings.length > 0 ? 1 : 0, findings };
    };
  },
};
