package dev.promptforge.domain.versioning.port;

class InMemoryPromptCatalogTest extends PromptCatalogContract {
    @Override
    protected Ports createPorts() {
        InMemoryRefStore refs = new InMemoryRefStore();
        return new Ports(new InMemoryPromptCatalog(refs), refs);
    }
}
