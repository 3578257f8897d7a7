// The message catalogs, one file per area of the UI and language, merged
// here. Splitting by area keeps parallel work from editing one huge file; the
// catalog tests check keys and parameters over the merged result.
import shellEn from "./en.json";
import shellEs from "./es.json";
import portalEn from "./portal.en.json";
import portalEs from "./portal.es.json";
import sessionEn from "./session.en.json";
import sessionEs from "./session.es.json";

export const en = { ...shellEn, ...sessionEn, ...portalEn };
export const es = { ...shellEs, ...sessionEs, ...portalEs };
