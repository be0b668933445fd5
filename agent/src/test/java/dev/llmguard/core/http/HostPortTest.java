package dev.llmguard.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void isTheLowerCaseHostWithoutTheWebsDefaultPorts() {
        assertThat(HostPort.of("API.OpenAI.com", 443)).isEqualTo("api.openai.com");
        assertThat(HostPort.of("api.openai.com", 80)).isEqualTo("api.openai.com");
        assertThat(HostPort.of("api.openai.com", -1)).isEqualTo("api.openai.com");
        assertThat(HostPort.of("api.openai.com", 0)).isEqualTo("api.openai.com");
    }

    @Test
    void keepsAnyOtherPort() {
        assertThat(HostPort.of("LocalHost", 8080)).isEqualTo("localhost:8080");
        assertThat(HostPort.of("[::1]", 4000)).isEqualTo("[::1]:4000");
    }

    @Test
    void hostOfDropsThePortAndKeepsIpv6Brackets() {
        assertThat(HostPort.hostOf("localhost:8080")).isEqualTo("localhost");
        assertThat(HostPort.hostOf("api.openai.com")).isEqualTo("api.openai.com");
        assertThat(HostPort.hostOf("[::1]:4000")).isEqualTo("[::1]");
        assertThat(HostPort.hostOf("[::1]")).isEqualTo("[::1]");
    }

    @Test
    void hostOfUndoesOf() {
        assertThat(HostPort.hostOf(HostPort.of("Eu.OpenAI.Azure.com", 8443))).isEqualTo("eu.openai.azure.com");
    }
}
