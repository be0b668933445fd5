package dev.llmguard.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostPatternTest {

    @Test
    void anExactNameMatchesOnlyThatHostInAnyCase() {
        HostPattern p = HostPattern.of("api.openai.com");
        assertThat(p.matches("api.openai.com")).isTrue();
        assertThat(p.matches("API.OpenAI.com")).isTrue();
        assertThat(p.matches("api.openai.co")).isFalse();
        assertThat(p.matches("xapi.openai.com")).isFalse();
        assertThat(p.matches("api.openai.com.example.org")).isFalse();
    }

    @Test
    void aStarPatternMatchesLongerHostsEndingInTheRestButNotTheBareSuffix() {
        HostPattern dot = HostPattern.of("*.openai.azure.com");
        assertThat(dot.matches("my-resource.openai.azure.com")).isTrue();
        assertThat(dot.matches("EU.OPENAI.AZURE.COM")).isTrue();
        assertThat(dot.matches("openai.azure.com")).isFalse();
        assertThat(dot.matches("a.openai.azure.com")).isTrue(); // the star stands for one character or more
        assertThat(dot.matches("evilopenai.azure.com")).isFalse();

        HostPattern dash = HostPattern.of("*-aiplatform.googleapis.com");
        assertThat(dash.matches("us-central1-aiplatform.googleapis.com")).isTrue();
        assertThat(dash.matches("aiplatform.googleapis.com")).isFalse();
    }

    @Test
    void thePatternIsTrimmedAndLowerCased() {
        HostPattern p = HostPattern.of("  *.GW.Example ");
        assertThat(p.toString()).isEqualTo("*.gw.example");
        assertThat(p.matches("eu.gw.example")).isTrue();
    }

    @Test
    void noHostMatchesNothing() {
        assertThat(HostPattern.of("api.openai.com").matches(null)).isFalse();
        assertThat(HostPattern.of("*.openai.com").matches(null)).isFalse();
        assertThat(HostPattern.of("*.openai.com").matches("")).isFalse();
    }
}
