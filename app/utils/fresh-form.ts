import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/**
 * A React key for a form whose action redirects on success: it changes after each successful
 * submission of that form, so the form starts afresh as it does without JavaScript (where the redirect
 * loads a new page). Without it the last entry stays filled in and, with every field already marked
 * as checked, errors appear and vanish while the next entry is typed, moving the submit button out
 * from under the pointer. A failed submission keeps the key, so the input and its errors stay.
 */
export function useFreshFormKey(isThisForm: (formData: FormData) => boolean, failed: boolean): number {
  const navigation = useNavigation();
  const [key, setKey] = useState(0);
  const submitted = useRef(false);
  useEffect(() => {
    if (navigation.state === "submitting") {
      submitted.current = navigation.formData ? isThisForm(navigation.formData) : false;
    } else if (navigation.state === "idle" && submitted.current) {
      submitted.current = false;
      if (!failed) setKey((count) => count + 1);
    }
    // Only the change of state matters; `failed` is read as it is when the submission settles.
  }, [navigation.state]);
  return key;
}
