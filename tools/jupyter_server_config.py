# Jupyter server configuration for working on geovq's notebooks in JupyterLab.
#
# `make install` links it into the virtual environment's Jupyter configuration (.venv/etc/jupyter), so that every
# `jupyter lab` started from .venv saves the notebooks of nbs/ without outputs and without widget state. nbdev_clean
# then does the rest (execution counts, cell metadata other than tags, notebook metadata other than the kernelspec),
# and a notebook saved from JupyterLab is byte-identical to the committed form. nbdev_clean cannot drop outputs by
# itself here: its `clear_all = True` also empties every cell's metadata, papermill's `parameters` tag included.
# Notebooks elsewhere (report/, executed by papermill) keep their outputs.
import configparser
from pathlib import Path


def notebooks_folder(notebook: Path) -> Path | None:
    "The nbs_path of the nbdev project (settings.ini) that holds `notebook`, if any."
    for folder in notebook.parents:
        settings = folder/'settings.ini'
        if settings.exists():
            config = configparser.ConfigParser()
            config.read(settings)
            return (folder/config['DEFAULT'].get('nbs_path', 'nbs')).resolve()
    return None


def strip_outputs_on_save(model: dict, path: str, contents_manager, **kwargs) -> None:
    "Pre-save hook: a notebook of an nbdev project's nbs/ is saved without outputs and without widget state."
    if model.get('type') != 'notebook' or model.get('content') is None:
        return
    notebook = (Path(contents_manager.root_dir)/path).resolve()
    folder = notebooks_folder(notebook)
    if folder is None or folder not in notebook.parents:
        return
    for cell in model['content']['cells']:
        if cell['cell_type'] == 'code':
            cell['outputs'] = []
            cell['execution_count'] = None
    model['content']['metadata'].pop('widgets', None)


c = get_config()  # noqa: F821 (Jupyter defines it when it reads this file)
c.ContentsManager.pre_save_hook = strip_outputs_on_save
