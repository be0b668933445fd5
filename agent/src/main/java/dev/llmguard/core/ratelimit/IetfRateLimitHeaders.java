package dev.llmguard.core.ratelimit;

import dev.llmguard.core.http.Headers;
import dev.llmguard.core.ratelimit.RateLimitSnapshot.Style;

import java.util.ArrayList;
import java.util.List;

/**
 * The IETF draft fields (draft-ietf-httpapi-ratelimit-headers): {@code RateLimit-Policy} and
 * {@code RateLimit} as structured lists such as {@code "permin";q=50;w=60} and
 * {@code "default";r=50;t=30} (see {@link IetfListItem}), plus the older drafts'
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} and
 * {@code limit=, remaining=, reset=} forms. Read only when a {@code RateLimit*} header is present.
 */
final class IetfRateLimitHeaders {

    private static final String PREFIX = "ratelimit";

    private IetfRateLimitHeaders() {
    }

    /** True for a {@code RateLimit*} field name (names ignore case). */
    static boolean isField(String name) {
        return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * Writes the binding policy of each dimension that {@code into} does not know yet from provider
     * headers, and answers the wait the fields demand: the largest {@code t} among {@code RateLimit}
     * policies with {@code r=0}, or {@code RateLimit-Reset} unless {@code RateLimit-Remaining} is
     * above 0; -1 when none.
     */
    static long read(Headers headers, long now, SnapshotBuilder into) {
        List<IetfListItem> policies = new ArrayList<IetfListItem>(2);
        List<IetfListItem> limits = new ArrayList<IetfListItem>(2);
        long oldLimit = -1;
        long oldRemaining = -1;
        long oldReset = -1;
        int n = headers.size();
        for (int i = 0; i < n; i++) {
            String name = headers.name(i);
            String value = headers.value(i);
            if (name.equalsIgnoreCase("ratelimit-policy")) {
                IetfListItem.parseList(value, policies, now);
            } else if (name.equalsIgnoreCase("ratelimit")) {
                IetfListItem.parseList(value, limits, now);
            } else if (name.equalsIgnoreCase("ratelimit-limit")) {
                oldLimit = leadingInteger(value);
            } else if (name.equalsIgnoreCase("ratelimit-remaining")) {
                oldRemaining = DurationText.nonNegativeLong(value);
            } else if (name.equalsIgnoreCase("ratelimit-reset")) {
                oldReset = ResetValue.secondsOrInstant(value, now);
            }
        }
        long wait = -1;
        if (oldLimit >= 0 || oldRemaining >= 0 || oldReset >= 0) {
            limits.add(IetfListItem.unnamed(oldLimit, oldRemaining, oldReset));
            if (oldReset > 0 && oldRemaining <= 0) {
                wait = oldReset;
            }
        }
        for (int i = 0; i < limits.size(); i++) {
            IetfListItem it = limits.get(i);
            if (it.remaining == 0 && it.reset > wait) {
                wait = it.reset;
            }
        }
        apply(policies, limits, into);
        return wait;
    }

    /**
     * The policies listed in {@code RateLimit} (remaining and reset), joined with
     * {@code RateLimit-Policy} by name; for a dimension with no such policy, the smallest quota
     * {@code RateLimit-Policy} gives it is its limit.
     */
    private static void apply(List<IetfListItem> policies, List<IetfListItem> limits, SnapshotBuilder into) {
        IetfListItem[] best = new IetfListItem[RateLimitSnapshot.DIMENSIONS];
        long[] bestLimit = new long[RateLimitSnapshot.DIMENSIONS];
        for (int i = 0; i < limits.size(); i++) {
            IetfListItem it = limits.get(i);
            IetfListItem policy = find(policies, it.name);
            String unit = it.unit != null ? it.unit : policy != null ? policy.unit : null;
            int dim = IetfListItem.dimensionOf(unit);
            if (dim < 0) {
                continue;
            }
            long limit = it.quota >= 0 ? it.quota : policy != null ? policy.quota : -1;
            if (best[dim] == null || it.bindsBefore(best[dim])) {
                best[dim] = it;
                bestLimit[dim] = limit;
            }
        }
        for (int dim = 0; dim < RateLimitSnapshot.DIMENSIONS; dim++) {
            if (into.isKnown(dim)) {
                continue;
            }
            IetfListItem it = best[dim];
            if (it != null) {
                if (bestLimit[dim] >= 0 || it.remaining >= 0 || it.reset >= 0) {
                    into.set(RateLimitSnapshot.slot(dim, RateLimitSnapshot.LIMIT), bestLimit[dim], Style.IETF);
                    into.set(RateLimitSnapshot.slot(dim, RateLimitSnapshot.REMAINING), it.remaining, Style.IETF);
                    into.set(RateLimitSnapshot.slot(dim, RateLimitSnapshot.RESET), it.reset, Style.IETF);
                }
            } else {
                long limit = smallestQuota(policies, dim);
                if (limit >= 0) {
                    into.set(RateLimitSnapshot.slot(dim, RateLimitSnapshot.LIMIT), limit, Style.IETF);
                }
            }
        }
    }

    private static long smallestQuota(List<IetfListItem> policies, int dim) {
        long limit = -1;
        for (int i = 0; i < policies.size(); i++) {
            IetfListItem p = policies.get(i);
            if (IetfListItem.dimensionOf(p.unit) == dim && p.quota >= 0 && (limit < 0 || p.quota < limit)) {
                limit = p.quota;
            }
        }
        return limit;
    }

    private static IetfListItem find(List<IetfListItem> items, String name) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).name.equals(name)) {
                return items.get(i);
            }
        }
        return null;
    }

    /** The first integer of {@code 100} or {@code 100, 10;w=1} (the oldest draft's RateLimit-Limit). */
    private static long leadingInteger(String value) {
        int end = 0;
        while (end < value.length() && value.charAt(end) != ',' && value.charAt(end) != ';') {
            end++;
        }
        return DurationText.nonNegativeLong(value.substring(0, end));
    }
}
