package io.jrqlite.http.json;

import java.util.Comparator;

/**
 * Go's string order (bytewise on UTF-8), which is the order of Go's sorted map keys. It equals code point
 * order, which differs from {@link String#compareTo} (UTF-16 units) only for characters outside the BMP
 * against U+E000..U+FFFF.
 */
final class GoStringOrder implements Comparator<String> {

    static final GoStringOrder INSTANCE = new GoStringOrder();

    private GoStringOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                boolean sa = Character.isSurrogate(ca);
                boolean sb = Character.isSurrogate(cb);
                if (sa == sb) {
                    return ca - cb;
                }
                // a surrogate (part of a supplementary character) sorts after every BMP character
                return sa ? 1 : -1;
            }
        }
        return a.length() - b.length();
    }
}
