"""党建特色品牌与案例展示站生成器: content/ records → checked → Markdown → MkDocs site."""

__version__ = "0.1.0"
