{#-
    Model-level test for balance sheets: the accounting identity
    assets = liabilities + equity, within a relative tolerance. One failing row
    per balance sheet whose gap exceeds `tolerance` times the larger side:

        |assets - (liabilities + equity)| > tolerance * max(|assets|, |liabilities + equity|)

    Rows missing any of the three are not judged (a period with no balance
    sheet, or a line FMP left empty). Zeros are judged like any value: a bank
    reports zeros in lines such as inventory, but its totals still balance.
        data_tests:
          - balance_sheet_balances:
              arguments: {assets: total_assets, liabilities: total_liabilities,
                          equity: total_equity, tolerance: 0.01}
              config: {severity: warn}
-#}
{% test balance_sheet_balances(model, assets='total_assets', liabilities='total_liabilities',
                               equity='total_equity', tolerance=0.01) %}

select
    *,
    {{ assets }} - ({{ liabilities }} + {{ equity }}) as balance_sheet_gap
from {{ model }}
where {{ assets }} is not null
  and {{ liabilities }} is not null
  and {{ equity }} is not null
  and abs({{ assets }} - ({{ liabilities }} + {{ equity }}))
      > {{ tolerance }} * greatest(abs({{ assets }}), abs({{ liabilities }} + {{ equity }}))

{% endtest %}
