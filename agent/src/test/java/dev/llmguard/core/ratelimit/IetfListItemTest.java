package dev.llmguard.core.ratelimit;

import dev.llmguard.core.ratelimit.RateLimitSnapshot.Dimension;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IetfListItemTest {

    private static final long NOW = 1_711_972_800_000L;

    private static List<IetfListItem> parse(String value) {
        List<IetfListItem> out = new ArrayList<>();
        IetfListItem.parseList(value, out, NOW);
        return out;
    }

    @Test
    void readsNamedMembersWithTheirParameters() {
        List<IetfListItem> items = parse("\"permin\";q=50;w=60;qu=\"tokens\", \"perday\" ; r=0 ;t=3600");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).name).isEqualTo("permin");
        assertThat(items.get(0).quota).isEqualTo(50);
        assertThat(items.get(0).unit).isEqualTo("tokens");
        assertThat(items.get(0).remaining).isEqualTo(-1);
        assertThat(items.get(1).name).isEqualTo("perday");
        assertThat(items.get(1).remaining).isEqualTo(0);
        assertThat(items.get(1).reset).isEqualTo(3_600_000);
    }

    @Test
    void readsTheDraft07DictionaryAsOneUnnamedMember() {
        List<IetfListItem> items = parse("limit=10, remaining=0, reset=12");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).name).isEmpty();
        assertThat(items.get(0).quota).isEqualTo(10);
        assertThat(items.get(0).remaining).isEqualTo(0);
        assertThat(items.get(0).reset).isEqualTo(12_000);
    }

    @Test
    void readsIntegerMembersAsQuotasAndTokensAsNames() {
        List<IetfListItem> items = parse("100;w=60, default;r=4");
        assertThat(items.get(0).quota).isEqualTo(100);
        assertThat(items.get(0).name).isEmpty();
        assertThat(items.get(1).name).isEqualTo("default");
        assertThat(items.get(1).remaining).isEqualTo(4);
    }

    @Test
    void unquotesEscapesAndSurvivesAnUnterminatedString() {
        assertThat(parse("\"a\\\"b\";r=1").get(0).name).isEqualTo("a\"b");
        List<IetfListItem> cut = parse("\"unterminated;r=0;t=5");
        assertThat(cut).hasSize(1);
        assertThat(cut.get(0).name).isEqualTo("unterminated;r=0;t=5");
        assertThat(cut.get(0).remaining).isEqualTo(-1);
    }

    @Test
    void readsAtMost32Members() {
        assertThat(parse("\"a\";r=1, ".repeat(100))).hasSize(32);
    }

    @Test
    void mapsQuotaUnitsToDimensions() {
        assertThat(IetfListItem.dimensionOf(null)).isEqualTo(Dimension.REQUESTS.ordinal());
        assertThat(IetfListItem.dimensionOf("Requests")).isEqualTo(Dimension.REQUESTS.ordinal());
        assertThat(IetfListItem.dimensionOf("content-tokens")).isEqualTo(Dimension.TOKENS.ordinal());
        assertThat(IetfListItem.dimensionOf("input-tokens")).isEqualTo(Dimension.INPUT_TOKENS.ordinal());
        assertThat(IetfListItem.dimensionOf("output-tokens")).isEqualTo(Dimension.OUTPUT_TOKENS.ordinal());
        assertThat(IetfListItem.dimensionOf("bytes")).isEqualTo(-1);
    }

    @Test
    void anExhaustedPolicyBindsFirstThenTheLaterResetThenLessRemaining() {
        IetfListItem exhaustedSoon = IetfListItem.unnamed(-1, 0, 5);
        IetfListItem exhaustedLate = IetfListItem.unnamed(-1, 0, 50);
        IetfListItem fewLeft = IetfListItem.unnamed(-1, 3, 1);
        IetfListItem manyLeft = IetfListItem.unnamed(-1, 300, 1);
        IetfListItem unknown = IetfListItem.unnamed(10, -1, -1);
        assertThat(exhaustedLate.bindsBefore(exhaustedSoon)).isTrue();
        assertThat(exhaustedSoon.bindsBefore(exhaustedLate)).isFalse();
        assertThat(exhaustedSoon.bindsBefore(fewLeft)).isTrue();
        assertThat(fewLeft.bindsBefore(exhaustedSoon)).isFalse();
        assertThat(fewLeft.bindsBefore(manyLeft)).isTrue();
        assertThat(fewLeft.bindsBefore(unknown)).isTrue();
        assertThat(unknown.bindsBefore(fewLeft)).isFalse();
    }
}
