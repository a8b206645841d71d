"""`sbf ui`: the ops dashboard (Streamlit). queries.py holds the data (plain functions on the ops
snapshot, tested without a browser); app.py and the page_*.py modules only lay it out."""
