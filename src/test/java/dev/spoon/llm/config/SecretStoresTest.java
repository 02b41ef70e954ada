package dev.spoon.llm.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretStoresTest {
    @TempDir
    Path dir;

    @Test
    void keyFileKeepsKeysReadableOnlyByTheUser() throws Exception {
        FileSecretStore store = new FileSecretStore(dir.resolve("sub/keys.json"));
        assertThat(store.get("openai")).isEmpty();
        store.put("openai", "sk-one");
        store.put("anthropic", "sk-ant-two");
        store.delete("anthropic");
        FileSecretStore reread = new FileSecretStore(dir.resolve("sub/keys.json"));
        assertThat(reread.get("openai")).contains("sk-one");
        assertThat(reread.get("anthropic")).isEmpty();
        assertThat(Files.getPosixFilePermissions(dir.resolve("sub/keys.json")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(store.description()).contains("keys.json").contains("readable only by you")
                .doesNotContain("sk-one");
    }

    @Test
    void aBrokenKeyFileIsReportedByName() throws Exception {
        Files.writeString(dir.resolve("keys.json"), "{not json");
        FileSecretStore store = new FileSecretStore(dir.resolve("keys.json"));
        assertThatThrownBy(() -> store.get("openai")).hasMessageContaining("cannot read the key file")
                .hasMessageContaining("Fix or delete it");
    }

    @Test
    void keyringIndexRemembersNamesOnly() throws Exception {
        KeyringIndex index = new KeyringIndex(dir.resolve("keyring-index.json"));
        assertThat(index.contains("openai")).isFalse();
        index.add("openai");
        index.add("gemini");
        index.remove("gemini");
        KeyringIndex reread = new KeyringIndex(dir.resolve("keyring-index.json"));
        assertThat(reread.contains("openai")).isTrue();
        assertThat(reread.contains("gemini")).isFalse();
        assertThat(Files.readString(dir.resolve("keyring-index.json"))).isEqualTo("[\"openai\"]");
    }

    @Test
    void theLazyStoreReadsTheKeyFileWithoutProbingTheOsKeyStore() {
        String name = "lazy-test-" + System.nanoTime();
        FileSecretStore file = FileSecretStore.inDataDir();
        file.put(name, "sk-lazy");
        try {
            SecretStore lazy = SecretStores.lazy();
            assertThat(lazy.get(name)).contains("sk-lazy");
            assertThat(lazy.get(name + "-missing")).isEmpty();
            assertThat(lazy.description()).as("no detection happened").contains("key file, or the OS key store");
        } finally {
            file.delete(name);
        }
    }

    @Test
    void detectionCanBeSwitchedToTheKeyFile() {
        String old = System.getProperty("spoon.keyring");
        System.setProperty("spoon.keyring", "off");
        try {
            assertThat(SecretStores.detect()).isInstanceOf(FileSecretStore.class);
        } finally {
            if (old == null) {
                System.clearProperty("spoon.keyring");
            } else {
                System.setProperty("spoon.keyring", old);
            }
        }
    }

    @Test
    void theDeferredStoreAnswersOnceDetectionIsDone() throws Exception {
        String old = System.getProperty("spoon.keyring");
        System.setProperty("spoon.keyring", "off");
        try {
            SecretStore deferred = SecretStores.deferred();
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
            SecretStores.whenReady(deferred, ready::countDown);
            assertThat(ready.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(deferred.description()).contains("keys.json");
        } finally {
            if (old == null) {
                System.clearProperty("spoon.keyring");
            } else {
                System.setProperty("spoon.keyring", old);
            }
        }
    }
}
