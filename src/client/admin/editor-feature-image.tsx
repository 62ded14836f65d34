import { FeatureImageInput, type FeatureImage } from './media-picker.js';
import type { Fields } from './editor-fields.js';
import { Field } from './ui.js';

/*
 * The feature image with its caption and photo credit in this article (issue 18), shown under
 * the picture on the page. The caption and credit appear once there is a picture.
 */
export function FeatureImageCard(props: {
  value: { image: FeatureImage | null; caption: string; credit: string };
  onChange: (next: Partial<Pick<Fields, 'image' | 'imageCaption' | 'imageCredit'>>) => void;
}) {
  const { image, caption, credit } = props.value;
  return (
    <>
      <FeatureImageInput value={image} onChange={(next) => props.onChange({ image: next })} />
      {image !== null && (
        <>
          <Field label="Feature image caption" id="feature-caption">
            <input
              id="feature-caption"
              value={caption}
              maxLength={300}
              onInput={(e) => props.onChange({ imageCaption: e.currentTarget.value })}
            />
          </Field>
          <Field label="Photo credit" id="feature-credit" hint="For example: Photo: tvN">
            <input
              id="feature-credit"
              value={credit}
              maxLength={120}
              aria-describedby="feature-credit-hint"
              onInput={(e) => props.onChange({ imageCredit: e.currentTarget.value })}
            />
          </Field>
        </>
      )}
    </>
  );
}
