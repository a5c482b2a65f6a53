"""UI layer: the widgets and rules that make keying a stack of paper slips fast: code-list typeahead, pickers for
linked records, quick dates, money as it is shown, and skip logic (fields that do not apply)."""
