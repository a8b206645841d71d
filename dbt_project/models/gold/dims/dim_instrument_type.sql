-- A view over dim_instrument: always current, and free to refresh after every chunk of a run.
{{ config(materialized='view') }}

-- The kinds of instrument (a closed list: dim_instrument.instrument_type takes
-- these values), each with the instruments of that kind in dim_instrument.
-- The rule that classifies a symbol is in dim_instrument.

with

instrument_types (instrument_type, asset_class, description, source) as (
    values
    ('stock', 'equity', 'Common stock of a company.', 'stock list or profile, none of the flags below'),
    ('adr', 'equity', 'American depositary receipt: shares of a foreign company traded in the US.', 'profile isAdr'),
    ('etf', 'fund', 'Exchange-traded fund.', 'ETF list, or profile isEtf'),
    ('fund', 'fund', 'Mutual or closed-end fund that is not an ETF.', 'profile isFund'),
    ('index', 'index', 'Market index (not tradable itself), e.g. ^GSPC.', 'index list'),
    ('crypto', 'crypto', 'Cryptocurrency quoted against a currency, e.g. BTCUSD.', 'cryptocurrency list'),
    ('forex', 'currency', 'Currency pair, e.g. EURUSD.', 'forex list'),
    ('commodity', 'commodity', 'Commodity future, e.g. GCUSD (gold).', 'commodities list')
),

counts as (
    select
        instrument_type,
        count(*) as instruments,
        count(*) filter (where is_actively_trading) as active_instruments
    from {{ ref('dim_instrument') }}
    group by instrument_type
)

select
    instrument_types.instrument_type,
    instrument_types.asset_class,
    instrument_types.description,
    instrument_types.source,
    coalesce(counts.instruments, 0) as instruments,
    coalesce(counts.active_instruments, 0) as active_instruments
from instrument_types
left join counts using (instrument_type)
